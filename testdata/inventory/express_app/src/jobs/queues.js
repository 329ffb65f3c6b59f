const Queue = require("bull");
const cron = require("node-cron");
const { Kafka } = require("kafkajs");

const mailQueue = new Queue("mail");
mailQueue.process("welcome", async (job) => job.data);

cron.schedule("*/5 * * * *", () => mailQueue.add("digest", {}));

const consumer = new Kafka({ brokers: [] }).consumer({ groupId: "mail" });
consumer.subscribe({ topic: "orders.created" });
