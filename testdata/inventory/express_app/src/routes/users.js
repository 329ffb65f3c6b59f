const express = require("express");
const { listUsers, showUser } = require("../handlers");

const router = express.Router();
router.get("/", listUsers);
router.get("/:id", showUser);
router
  .route("/:id/avatar")
  .get((req, res) => res.end())
  .put((req, res) => res.end());

for (const name of ["a", "b"]) {
  router.get(`/${name}`, (req, res) => res.end());
}

module.exports = router;
