#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands";
import { exitCodes, UsageError } from "./errors";

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
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return exitCodes.badInput;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(exitCodes.internal);
    },
  );
}
