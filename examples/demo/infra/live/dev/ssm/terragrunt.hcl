include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "../../../modules/app-config"
}

inputs = {
  environment = "dev"
  parameters = {
    "backend/log-level" = "info"
    "backend/replicas"  = "2"
  }
}
