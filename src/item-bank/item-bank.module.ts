import { Module } from '@nestjs/common';
import { BankContentLoader } from './bank-content-loader.service';
import { BankTransferService } from './bank-transfer.service';
import { ChecklistTermsController } from './checklist-terms.controller';
import { ItemBankService } from './item-bank.service';
import { ItemsController } from './items.controller';

@Module({
  controllers: [ItemsController, ChecklistTermsController],
  providers: [ItemBankService, BankTransferService, BankContentLoader],
  exports: [ItemBankService, BankContentLoader],
})
export class ItemBankModule {}
