import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { CredentialsService } from './credentials.service';
import { AuthController } from './login/auth.controller';
import { LoginThrottleService } from './login/login-throttle.service';
import { LoginService } from './login/login.service';
import { SessionsService } from './sessions/sessions.service';
import { ApiTokensController } from './tokens/api-tokens.controller';
import { ApiTokensService } from './tokens/api-tokens.service';

/** Sign-in, sessions, API tokens and the global access guard. */
@Global()
@Module({
  controllers: [AuthController, ApiTokensController],
  providers: [
    CredentialsService,
    SessionsService,
    ApiTokensService,
    LoginService,
    LoginThrottleService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, ApiTokensService],
})
export class AuthModule {}
