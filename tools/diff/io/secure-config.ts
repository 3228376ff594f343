/** Reads the `secure:` (encrypted) config entries of every `Pulumi.<stack>.yaml` of a project, ciphertext only. */
import { listStackFiles, readStackFile, stackConfigDir } from "../../lib/stack-files";
import type { SecureConfig } from "../secret-config";

export function readSecureConfig(projectDir: string): SecureConfig {
  const result = new Map<string, Map<string, string>>();
  for (const { stack, file } of listStackFiles(stackConfigDir(projectDir))) {
    // `cells plan` reports malformed stack files; the secret comparison just skips them.
    const { stackFile } = readStackFile(file, stack);
    if (stackFile === undefined) {
      continue;
    }
    const secure = new Map<string, string>();
    for (const entry of stackFile.entries) {
      if (entry.kind === "secure") {
        secure.set(entry.key, entry.ciphertext);
      }
    }
    result.set(stack, secure);
  }
  return result;
}
