/** Types of the parts of crash-world.mjs the tests use. */
export function seededRandom(seed: number): () => number;
