import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';

@Processor({ name: 'reports' })
export class ReportsWorker extends WorkerHost {
  async process(job: Job) {
    return job.data;
  }
}
