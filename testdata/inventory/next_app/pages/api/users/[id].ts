export default function handler(req: unknown, res: { json(x: unknown): void }) {
  res.json({});
}
