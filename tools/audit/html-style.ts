/** The audit report's stylesheet, inlined into the document (tools/audit/render-html.ts). */

/** Okabe–Ito based, light enough for black text; patterns (border styles) repeat the status for greyscale. */
export const HTML_STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 2rem auto;
  max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { border-bottom: 2px solid #111; padding-bottom: .2rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #555; padding: .25rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.matrix td { text-align: center; white-space: nowrap; }
.s-pass { background: #d9f0e6; }
.s-violation { background: #f7d4c2; border: 3px solid #111; font-weight: 700; }
.s-waived { background: #fbe8b4; border: 2px dashed #111; }
.s-not-applicable { background: #fff; color: #444; }
.s-not-checked { background: #dfe7f5; border: 2px dotted #111; font-style: italic; }
.provenance { border: 1px solid #555; padding: .5rem 1rem; list-style: none; }
.flag { font-weight: 700; }
nav ul { columns: 3; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; }
dl.meta dt { font-weight: 600; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, .policy { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;
