variable "environment" {
  type = string
}

variable "parameters" {
  type = map(string)
}

resource "terraform_data" "parameter" {
  for_each = var.parameters
  input    = { name = "/${var.environment}/${each.key}", value = each.value }
}

output "names" {
  value = [for p in terraform_data.parameter : p.input.name]
}
