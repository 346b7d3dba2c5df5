/**
 * Reads a 1–10 difficulty rating from a model's answer: the answer must hold exactly one number, in [1, 10]
 * (decimals allowed), optionally followed by "/10" or "out of 10" and surrounded by words ("Rating: 7.").
 * Anything else (no number, two numbers, 0, 11, "seven") returns undefined.
 */
export function parseDifficultyRating(answer: string): number | undefined {
  const stripped = answer.replace(/\s*(?:\/|out of)\s*10\b/gi, ' ');
  const numbers = stripped.match(/-?\d+(?:\.\d+)?/g) ?? [];
  if (numbers.length !== 1) return undefined;
  const rating = Number(numbers[0]);
  return rating >= 1 && rating <= 10 ? rating : undefined;
}

/** Maps a rating in [1, 10] to a score in [0, 1]: (rating − 1) / 9. */
export function ratingToScore(rating: number): number {
  return (rating - 1) / 9;
}
