import Router from "koa-router";
import { Event } from "../models";

const router = new Router({ prefix: "/v2" });

router.post("documents.list", async (ctx) => {
  ctx.body = [];
});

router.post("documents.create", async (ctx) => {
  await Event.create({ name: "documents.create", actorId: ctx.state.user });
});

export default router;
