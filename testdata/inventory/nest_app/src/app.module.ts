import { Module } from '@nestjs/common';
import { UsersController } from './users/users.controller';
import { HealthController } from './health/health.controller';

@Module({ controllers: [UsersController, HealthController] })
export class AppModule {}
