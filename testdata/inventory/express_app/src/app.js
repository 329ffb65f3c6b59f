const express = require("express");
const users = require("./routes/users");
const { ordersRouter } = require("./routes/orders");

const app = express();
app.use(express.json());
app.use("/api/users", users);
app.use("/api", ordersRouter);

app.get("/health", (req, res) => res.send("ok"));
app.set("view engine", "pug");
const engine = app.get("view engine");

module.exports = app;
