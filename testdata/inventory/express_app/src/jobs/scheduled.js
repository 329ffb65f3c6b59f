const { Queue, Worker } = require("bullmq");
const { CronJob } = require("cron");
const schedule = require("node-schedule");
const amqp = require("amqplib");

const invoices = new Queue("invoices");
new Worker("invoices", async (job) => job.data);

new CronJob("0 0 * * *", () => invoices.add("nightly", {}));
schedule.scheduleJob("reminders", "30 9 * * 1", () => null);

async function wire() {
  const channel = await (await amqp.connect("amqp://localhost")).createChannel();
  channel.sendToQueue("invoices.issued", Buffer.from("{}"));
  channel.consume("payments.received", (msg) => msg);
}

module.exports = { wire };
