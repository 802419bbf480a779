# syntax=docker/dockerfile:1
# Production image: compiled JavaScript and production dependencies only, run as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SIFT_DATA_DIR=/var/lib/sift-data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force \
    && mkdir -p /var/lib/sift-data && chown node:node /var/lib/sift-data
COPY --from=build /app/dist ./dist
COPY templates ./templates
COPY content ./content
COPY public ./public
USER node
EXPOSE 3000
VOLUME ["/var/lib/sift-data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
