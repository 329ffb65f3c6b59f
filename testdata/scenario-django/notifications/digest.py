from django.db import connection

from .email import send_mail


def weekly_digest(address):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, amount FROM payments_payment WHERE created_at > now() - interval '7 days'"
        )
        rows = cursor.fetchall()
    send_mail("Your week", "\n".join(f"{i}: {a}" for i, a in rows), None, [address])
