import Koa from "koa";
import Router from "koa-router";
import documents from "./documents";
import { PluginManager } from "../plugins";

const api = new Koa();
const router = new Router();

router.use("/", documents.routes());
PluginManager.hooks().forEach((hook) => router.use("/", hook.value.routes()));
api.use(router.routes());

export default api;
