# One image for every civicdesk service (HTTP, Faust workers, sink); the command picks the role.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY civicdesk ./civicdesk
COPY connectors ./connectors
COPY streams ./streams
COPY classifiers ./classifiers
COPY sinks ./sinks
COPY schemas ./schemas
COPY demo ./demo
RUN pip install .
USER nobody
ENTRYPOINT ["civicdesk"]
