/** What a policy check returns: definite violations, and what it could not decide yet. */

export interface Violation {
  kind: "violation";
  message: string;
  /** The resource at fault; defaults to the resource under check. Stack policies always set it. */
  urn?: string;
}

export interface NotYetCheckable {
  kind: "not-yet-checkable";
  /** What the check needed but could not read, e.g. `policy (the IAM document)`. */
  what: string;
  urn?: string;
}

export type Finding = Violation | NotYetCheckable;

export function violation(message: string, urn?: string): Violation {
  return { kind: "violation", message, urn };
}

export function notYetCheckable(what: string, urn?: string): NotYetCheckable {
  return { kind: "not-yet-checkable", what, urn };
}

/** Findings for a list of items, each checked by `check`. */
export function eachFinding<T>(items: readonly T[], check: (item: T, index: number) => Finding[]): Finding[] {
  return items.flatMap((item, index) => check(item, index));
}

/** What is wrong with one part of a resource (a statement, a container), and what could not be read yet. */
export interface Verdict {
  problems: string[];
  undecided: string[];
}

export function verdict(problems: string[] = [], undecided: string[] = []): Verdict {
  return { problems, undecided };
}

/** Turns a verdict into findings, prefixing each message with where the judged part sits, if given. */
export function verdictFindings(result: Verdict, where?: string): Finding[] {
  const at = (text: string) => (where ? `${where} ${text}` : text);
  return [
    ...result.problems.map((problem) => violation(at(problem))),
    ...result.undecided.map((what) => notYetCheckable(at(what))),
  ];
}

/** Attributes findings to a resource (stack policies report on many). */
export function onResource(urn: string, findings: Finding[]): Finding[] {
  return findings.map((finding) => ({ ...finding, urn: finding.urn ?? urn }));
}
