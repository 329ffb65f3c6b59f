const { Router } = require("express");
const { Kafka } = require("kafkajs");

const ordersRouter = Router();
const producer = new Kafka({ brokers: [] }).producer();

ordersRouter.post("/orders", async (req, res) => {
  await producer.send({ topic: "orders.created", messages: [] });
  res.end();
});
ordersRouter.delete("/orders/:id", (req, res) => res.end());

module.exports = { ordersRouter };
