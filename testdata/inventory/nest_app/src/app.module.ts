import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { GhostModule } from 'ghost-package';
import { UsersController } from './users/users.controller';
import { HealthController } from './health/health.controller';
import { AdminModule } from './admin/admin.module';

@Module({
  imports: [
    AdminModule,
    RouterModule.register([
      { path: 'manage', module: AdminModule },
      { path: 'ghost', module: GhostModule },
    ]),
  ],
  controllers: [UsersController, HealthController],
})
export class AppModule {}
