// A live block the player cannot show (its hex does not parse, its scenario
// does not exist): lessons.test.ts keeps such a lesson from shipping, but
// while one is being written the player says what is wrong in place.

export function BlockProblem({ type, message }: { type: string; message: string }) {
  return <p className="lesson-block lesson-block--problem" role="alert">This {type} block cannot be shown: {message}</p>;
}
