import { Module } from '@nestjs/common';
import { ItemBankModule } from '../item-bank/item-bank.module';
import { UsersModule } from '../users/users.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [UsersModule, ItemBankModule], providers: [DemoSeedService] })
export class DemoModule {}
