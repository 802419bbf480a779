import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { HomeController } from './home.controller';

@Module({ imports: [HealthModule], controllers: [HomeController] })
export class HomeModule {}
