# The API image for docker-compose; Neo4j runs in its own official container.
FROM python:3.11-slim
WORKDIR /src
COPY pyproject.toml README.md ./
COPY claimgraph ./claimgraph
COPY api ./api
COPY graph ./graph
COPY ingest ./ingest
COPY schemas ./schemas
COPY reconcile ./reconcile
COPY corpus ./corpus
# A plain install: the wheel carries the corpus as package data, so nothing needs the checkout.
RUN pip install --no-cache-dir . && rm -rf /src
WORKDIR /app
ENV CLAIMGRAPH_API_HOST=0.0.0.0 CLAIMGRAPH_API_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health').status != 200)"
CMD ["claimgraph", "up"]
