import { Module } from '@nestjs/common';
import { StaffBootstrapService } from './staff-bootstrap.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, StaffBootstrapService],
  exports: [UsersService, StaffBootstrapService],
})
export class UsersModule {}
