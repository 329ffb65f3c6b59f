from django.db import connection


def overdue():
    with connection.cursor() as cursor:
        cursor.execute("SELECT i.id FROM payments_invoice i LEFT JOIN payments_payment p ON p.invoice_id = i.id WHERE p.id IS NULL AND i.amount > %s", [0])
        return cursor.fetchall()
