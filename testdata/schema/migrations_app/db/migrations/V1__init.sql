CREATE TABLE accounts (id SERIAL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE invoices (id SERIAL PRIMARY KEY, account_id INT NOT NULL REFERENCES accounts(id), legacy_code TEXT);
CREATE TABLE scratch (id INT);
