const express = require("express");
const app = express();

app.get("/fine", (req, res) => res.end());
app.post(prefix + "/joined", (req, res) => res.end());
["x", "y"].forEach((n) => app.get("/" + n, (req, res) => res.end()));
app.use(`/${version}`, require("./v"));
app.get("/broken", (req, res) => { res.end( );
