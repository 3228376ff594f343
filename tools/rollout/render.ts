/** Text and JSON views of a rollout plan and of a rollout's status. */
import type { Wave } from "../../fleet/rollout";
import type { RolloutPlan } from "./plan";
import type { RolloutState } from "./state";

/** The gates a wave passes: every wave's previews; cell waves also their alarms (unless `--gates none`). */
export function waveGates(wave: Wave, gates: "alarms" | "none"): string[] {
  return wave.cells.length > 0 && gates === "alarms" ? ["preview", "alarms", "bake"] : ["preview"];
}

export function planJson(plan: RolloutPlan, gates: "alarms" | "none" = "alarms"): string {
  const waves = plan.waves.map((wave) => ({ ...wave, gates: waveGates(wave, gates) }));
  return `${JSON.stringify({ settings: plan.settings, waves }, null, 2)}\n`;
}

export function planText(plan: RolloutPlan, gates: "alarms" | "none" = "alarms"): string {
  const lines = plan.waves.map((wave) => {
    const flags = [
      `bake ${wave.bakeMinutes} min`,
      `parallel ${Math.min(wave.parallelism, wave.stacks.length)}`,
      `gates ${waveGates(wave, gates).join("+")}`,
      ...(wave.approval ? ["approval"] : []),
    ];
    const regions = wave.regions.length > 0 ? ` [${wave.regions.join(", ")}]` : "";
    return `wave ${wave.index} ${wave.kind.padEnd(9)} ${wave.stacks.join(", ")}${regions}  (${flags.join(", ")})`;
  });
  const total = plan.waves.reduce((sum, wave) => sum + wave.stacks.length, 0);
  return `${lines.join("\n")}\n${plan.waves.length} waves, ${total} stacks\n`;
}

export function statusText(state: RolloutState): string {
  const lines = [
    `rollout ${state.id}: ${state.status}${state.reason ? ` (${state.reason})` : ""}`,
    `  message: ${state.message}`,
    `  gates: ${state.options.gates}, bake: ${
      state.options.bakeMinutes === undefined ? "fleet settings" : `${state.options.bakeMinutes} min (override)`
    }${state.options.allowRisky ? ", risky changes allowed" : ""}`,
  ];
  for (const wave of state.waves) {
    const stacks = wave.stacks.map((stack) => `${stack}:${state.stacks[stack] ?? "pending"}`).join(", ");
    lines.push(`  wave ${wave.index} ${wave.kind}: ${state.waveStatus[wave.index] ?? "pending"}  ${stacks}`);
  }
  if (state.next.length > 0) {
    lines.push(...state.next.map((hint) => `  next: ${hint}`));
  }
  return `${lines.join("\n")}\n`;
}
