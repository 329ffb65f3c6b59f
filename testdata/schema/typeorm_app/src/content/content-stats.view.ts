import { ViewColumn, ViewEntity } from 'typeorm';

@ViewEntity({ expression: 'SELECT kind, count(*) AS n FROM content GROUP BY kind' })
export class ContentStats {
  @ViewColumn()
  kind: string;

  @ViewColumn()
  n: number;
}
