from django.db import connection


def revenue_by_user():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.email, SUM(p.amount) FROM users_user u "
            "JOIN payments_invoice i ON i.user_id = u.id "
            "JOIN payments_payment p ON p.invoice_id = i.id GROUP BY u.email"
        )
        return cursor.fetchall()


def refunds():
    with connection.cursor() as cursor:
        cursor.execute("SELECT payment_id, amount FROM payments_refund")
        return cursor.fetchall()


def notification_volume():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM notifications_notification")
        return cursor.fetchone()[0]
