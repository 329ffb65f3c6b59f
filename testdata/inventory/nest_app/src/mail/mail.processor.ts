import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';

@Processor('mail')
export class MailProcessor {
  @Process('welcome')
  async welcome(job: Job) {}

  @Process()
  async anything(job: Job) {}
}
