/**
 * Where the machine's CPU goes during a throughput probe: the CPU time of this process and its
 * descendants from /proc, by part — DynamoDB Local's JVM, the API worker processes, and this
 * process (the local cloud's server, emulators, pollers, and the simulated candidates). Printed
 * beside requests/s, so a ceiling shows where it is. Linux only (elsewhere: nothing).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Proc {
  pid: number;
  ppid: number;
  ticks: number;
  part: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from after it.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const part =
      pid === process.pid
        ? 'cloud + candidates'
        : /java/.test(cmdline)
          ? 'DynamoDB Local'
          : /api-worker/.test(cmdline)
            ? 'API workers'
            : 'other';
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), part };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by each part (this process and everything it started). */
export function cpuByPart(): Map<string, number> {
  const out = new Map<string, number>();
  let all: Proc[];
  try {
    all = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => readProc(Number(d)))
      .filter((p): p is Proc => p !== undefined);
  } catch {
    return out;
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all)
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
  }
  for (const p of all)
    if (ours.has(p.pid)) out.set(p.part, (out.get(p.part) ?? 0) + p.ticks / TICKS_PER_SECOND);
  return out;
}

/** Cores used by each part between two readings `seconds` apart, as `DynamoDB Local 0.95, …`. */
export function coresBetween(before: Map<string, number>, after: Map<string, number>, seconds: number) {
  return [...after]
    .map(([part, s]) => [part, (s - (before.get(part) ?? 0)) / seconds] as const)
    .filter(([, cores]) => cores >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([part, cores]) => `${part} ${cores.toFixed(2)}`)
    .join(', ');
}
