/** The shapes most checks take: a setting that must hold, a setting that must not, and several judgements as one. */
import { verdict, verdictFindings, type Finding, type Verdict } from "./findings";
import { isUnknown, type Plain } from "./values";

type Predicate = (value: Plain | undefined) => boolean;

/** For one part of a resource (a container, a statement): `value` must satisfy `accept`; unknown is undecided. */
export function settingVerdict(value: Plain | undefined, accept: Predicate, what: string, problem: string): Verdict {
  if (isUnknown(value)) {
    return verdict([], [what]);
  }
  return accept(value) ? verdict() : verdict([problem]);
}

/**
 * `value` must satisfy `accept` (absent counts as failing unless `accept` says otherwise); unknown is not yet
 * checkable.
 */
export function requireSetting(value: Plain | undefined, accept: Predicate, what: string, problem: string): Finding[] {
  return verdictFindings(settingVerdict(value, accept, what, problem));
}

/** `value` must not satisfy `reject` (absent is fine unless `reject` says otherwise); unknown is not yet checkable. */
export function forbidSetting(value: Plain | undefined, reject: Predicate, what: string, problem: string): Finding[] {
  return requireSetting(value, (candidate) => !reject(candidate), what, problem);
}

export function isTrue(value: Plain | undefined): boolean {
  return value === true;
}

/** Several verdicts about one part, as one. */
export function combineVerdicts(...verdicts: Verdict[]): Verdict {
  return verdict(
    verdicts.flatMap((entry) => entry.problems),
    verdicts.flatMap((entry) => entry.undecided),
  );
}
