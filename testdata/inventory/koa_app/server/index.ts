import Koa from "koa";
import mount from "koa-mount";
import api from "./api";

export default function init(app: Koa = new Koa()) {
  app.use(mount("/api", api));
  return app;
}
