import { NestFactory } from '@nestjs/core';
import { OpsModule } from './ops.module';

async function bootstrap() {
  const app = await NestFactory.create(OpsModule);
  app.setGlobalPrefix('internal');
  await app.listen(4000);
}
bootstrap();
