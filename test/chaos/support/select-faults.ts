/**
 * `CHAOS_FAULTS=leader,postgres npm run test:chaos` runs only the faults whose name holds one of
 * the words, in the order given; a word may repeat (`leader,leader,leader` runs that fault three
 * times: some failures need a race to go the wrong way). Empty or unset: every fault. Pure.
 */
export function selectByName<T extends { name: string }>(all: readonly T[], filter: string | undefined): T[] {
  const words = (filter ?? '')
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) return [...all];
  return words.flatMap((word) => {
    const found = all.filter((item) => item.name.toLowerCase().includes(word));
    if (found.length === 0) {
      throw new Error(`CHAOS_FAULTS: no fault named like "${word}"; the faults: ${all.map((f) => f.name).join('; ')}`);
    }
    return found;
  });
}
