import { Module } from '@nestjs/common';
import { AttemptsModule } from '../attempts/attempts.module';
import { CandidatePagesController } from './candidate-pages.controller';

/** The candidate's web pages: the invitation's start page and the attempt app shell. */
@Module({ imports: [AttemptsModule], controllers: [CandidatePagesController] })
export class CandidatePagesModule {}
