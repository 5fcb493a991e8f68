/**
 * Operations that must not be interrupted by a reload (a flash, a guided flow) register here;
 * the update prompt and the beforeunload guard read it.
 */
const holders = $state<{ reasons: string[] }>({ reasons: [] });

export function holdBusy(reason: string): () => void {
  holders.reasons.push(reason);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const i = holders.reasons.indexOf(reason);
    if (i >= 0) holders.reasons.splice(i, 1);
  };
}

export function isBusy(): boolean {
  return holders.reasons.length > 0;
}
