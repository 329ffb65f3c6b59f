from kafka import KafkaConsumer, KafkaProducer

consumer = KafkaConsumer("payments.refund-requested", group_id="payments")
producer = KafkaProducer()
producer.send("payments.refunded", b"{}")
