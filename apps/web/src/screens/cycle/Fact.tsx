/** One term and its value in a list of facts (`<dl className="suivi-facts">`). */
export function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="suivi-fact">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
