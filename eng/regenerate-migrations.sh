#!/usr/bin/env bash
# Deletes and regenerates the single Initial migration of BOTH providers from the current entities. Nothing is
# deployed yet, so each provider has exactly one migration. Needs no running database: each provider's design-time
# factory (src/ModelMint.Data/DesignTimeDbContextFactory.cs) builds its context without connecting.
#   eng/regenerate-migrations.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dotnet ef --version >/dev/null 2>&1; then
  dotnet tool install --global dotnet-ef --version 10.0.15 >/dev/null
  export PATH="$PATH:$HOME/.dotnet/tools"
fi

data=src/ModelMint.Data
rm -rf "$data/Migrations/Sqlite" "$data/Migrations/Postgres" "$data/ModelMint"
for provider in Sqlite Postgres; do
  dotnet ef migrations add Initial --project "$data" --context "${provider}ModelMintDbContext" \
    --output-dir "Migrations/$provider" --namespace "ModelMint.Data.Migrations.$provider"
  # Without an existing snapshot EF writes it under a folder named after the namespace; it belongs beside the migration.
  stray="$data/ModelMint/Data/Migrations/$provider"
  if [ -d "$stray" ]; then
    mv "$stray"/*.cs "$data/Migrations/$provider/"
  fi
  rm -rf "$data/ModelMint"
done
rm -f "$data/design.db"
echo "Regenerated: $(ls "$data"/Migrations/*/*_Initial.cs | tr '\n' ' ')"
