#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands";
import { exitCodes, failureOutcome } from "./errors";

export function buildProgram(): Command {
  const program = new Command("cells")
    .description("cellplane: plan, diff, place and audit a fleet of isolated AWS cells")
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? exitCodes.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
    }
    const { code, message } = failureOutcome(error);
    process.stderr.write(`${message}\n`);
    return code;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${failureOutcome(error).message}\n`);
      process.exit(exitCodes.internal);
    },
  );
}
