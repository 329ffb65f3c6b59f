import { createPool } from "pg";

export const db = createPool();

export function paymentsTotal() {
  return db.query("SELECT sum(amount) FROM payments WHERE state = 'paid'");
}
