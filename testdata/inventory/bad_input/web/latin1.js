const express = require("express");
const app = express();
app.get("/café", (req, res) => res.end());
