/**
 * A regular expression written in pieces, to keep long expectations within the line length: the pieces' sources
 * joined in order, with `flags`. `pattern([/^a {2}b/, /\nc/], "m")` is `/^a {2}b\nc/m`.
 */
export function pattern(pieces: readonly RegExp[], flags = ""): RegExp {
  return new RegExp(pieces.map((piece) => piece.source).join(""), flags);
}
