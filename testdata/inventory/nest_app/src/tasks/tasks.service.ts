import { Injectable } from '@nestjs/common';
import { Cron, CronExpression, Interval, Timeout } from '@nestjs/schedule';

@Injectable()
export class TasksService {
  @Cron('0 * * * *', { name: 'hourly' })
  hourly() {}

  @Cron(CronExpression.EVERY_DAY_AT_MIDNIGHT)
  nightly() {}

  @Interval(10000)
  poll() {}

  @Timeout('warm-up', 5000)
  warmUp() {}
}
