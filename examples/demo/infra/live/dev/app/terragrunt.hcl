include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "../../../modules/app-config"
}

dependency "ssm" {
  config_path = "../ssm"
  mock_outputs = {
    names = []
  }
}

inputs = {
  environment = "dev"
  parameters = {
    "backend/reads" = join(",", dependency.ssm.outputs.names)
  }
}
