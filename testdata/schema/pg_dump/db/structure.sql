--
-- PostgreSQL database dump
--

\restrict kQ9x0Tfk2Yf1
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

CREATE TYPE public.order_status AS ENUM (
    'open',
    'paid'
);

-- A function body full of semicolons; the splitter must keep it whole.
CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
BEGIN
  NEW.updated_at := now(); -- keep; going
  RETURN NEW;
END;
$_$;

CREATE TABLE public.customers (
    id bigint NOT NULL,
    email character varying(255) NOT NULL,
    note text DEFAULT 'it''s; fine'::text
);

CREATE SEQUENCE public.customers_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    status public.order_status DEFAULT 'open'::public.order_status NOT NULL,
    total numeric(10,2),
    parent_order_id bigint
);

CREATE TABLE public.order_lines (
    order_id bigint NOT NULL,
    line_no integer NOT NULL,
    product_id bigint NOT NULL
);

CREATE TABLE public.products (
    id bigint NOT NULL,
    name text NOT NULL,
    featured_line_order_id bigint,
    featured_line_no integer
);

CREATE TABLE public.audit_events (
    id bigint NOT NULL,
    customer_id bigint
);

CREATE TABLE archive.old_orders (
    id bigint NOT NULL
);

COPY public.customers (id, email, note) FROM stdin;
1	a@example.com	hello; world
2	b@example.com	\N
\.

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);
ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no);
ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX index_customers_on_email ON public.customers USING btree (email);
CREATE INDEX index_orders_on_customer_id ON public.orders USING btree (customer_id);

CREATE RULE orders_no_delete AS ON DELETE TO public.orders DO INSTEAD NOTHING;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT fk_rails_customer FOREIGN KEY (customer_id) REFERENCES public.customers(id);
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT fk_rails_parent FOREIGN KEY (parent_order_id) REFERENCES public.orders(id);
ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT fk_rails_order FOREIGN KEY (order_id) REFERENCES public.orders(id);
ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT fk_rails_product FOREIGN KEY (product_id) REFERENCES public.products(id);
ALTER TABLE ONLY public.products
    ADD CONSTRAINT fk_rails_featured FOREIGN KEY (featured_line_order_id, featured_line_no) REFERENCES public.order_lines(order_id, line_no);

\unrestrict kQ9x0Tfk2Yf1
