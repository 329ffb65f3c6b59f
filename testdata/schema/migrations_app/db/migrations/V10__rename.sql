ALTER TABLE accounts RENAME TO customers;
ALTER TABLE payments RENAME COLUMN invoice TO invoice_id;
DROP TABLE scratch;
