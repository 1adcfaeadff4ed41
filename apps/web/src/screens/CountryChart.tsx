import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Props {
  title: string;
  rows: Array<{ code: string; name: string; open: number; overdue: number }>;
  openLabel: string;
  overdueLabel: string;
}

/** Open and overdue action points per country; the table beside it holds the same figures. */
export default function CountryChart({ title, rows, openLabel, overdueLabel }: Props) {
  return (
    <figure className="suivi-chart">
      <figcaption className="ecl-u-type-heading-4">{title}</figcaption>
      {/* Decorative for screen readers: the table below gives every figure. */}
      <div aria-hidden="true" style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          {/* No keyboard layer: a focusable chart inside aria-hidden is an axe "serious" finding. */}
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="open" name={openLabel} fill="#004494" isAnimationActive={false} />
            <Bar dataKey="overdue" name={overdueLabel} fill="#b3261e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
