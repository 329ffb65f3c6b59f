CREATE TABLE payments (id SERIAL PRIMARY KEY, invoice INT NOT NULL);
ALTER TABLE payments ADD CONSTRAINT payments_invoice_fk FOREIGN KEY (invoice) REFERENCES invoices (id);
ALTER TABLE invoices DROP COLUMN legacy_code;
